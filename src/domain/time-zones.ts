/**
 * Time zones as people type them: IANA names in any case (`asia/seoul`), the abbreviations teams use
 * (`KST`, `ET`, `PST`) and city or country names in Korean and English (`서울`, `뉴욕`, `Silicon Valley`).
 * Abbreviations map to the region's zone, so a New York digest follows daylight saving: the IANA zones
 * named `EST` and `PST` are fixed offsets that never do.
 */

const ALIASES = new Map<string, string>(
  Object.entries({
    kst: "Asia/Seoul",
    서울: "Asia/Seoul",
    한국: "Asia/Seoul",
    seoul: "Asia/Seoul",
    korea: "Asia/Seoul",
    et: "America/New_York",
    est: "America/New_York",
    edt: "America/New_York",
    뉴욕: "America/New_York",
    "new york": "America/New_York",
    ct: "America/Chicago",
    cst: "America/Chicago",
    cdt: "America/Chicago",
    시카고: "America/Chicago",
    mt: "America/Denver",
    mst: "America/Denver",
    mdt: "America/Denver",
    pt: "America/Los_Angeles",
    pst: "America/Los_Angeles",
    pdt: "America/Los_Angeles",
    샌프란시스코: "America/Los_Angeles",
    실리콘밸리: "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "silicon valley": "America/Los_Angeles",
    jst: "Asia/Tokyo",
    도쿄: "Asia/Tokyo",
    일본: "Asia/Tokyo",
    tokyo: "Asia/Tokyo",
    런던: "Europe/London",
    영국: "Europe/London",
    london: "Europe/London",
    홍콩: "Asia/Hong_Kong",
    "hong kong": "Asia/Hong_Kong",
    싱가포르: "Asia/Singapore",
    singapore: "Asia/Singapore",
  }),
);

/** The IANA name `text` stands for (`KST` → `Asia/Seoul`, `asia/seoul` → `Asia/Seoul`), or null. */
export function resolveTimeZone(text: string): string | null {
  const typed = text.trim().replace(/\s+/g, " ");
  const alias = ALIASES.get(typed.toLowerCase());
  if (alias) return alias;
  try {
    // The runtime's own spelling: `america/new_york` → `America/New_York`, `GMT` → `UTC`.
    return new Intl.DateTimeFormat("en", { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
