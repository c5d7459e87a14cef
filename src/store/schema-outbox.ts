export interface OutboxTables {}
