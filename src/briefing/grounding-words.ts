/** Word lists for the grounding check; kept apart so the check itself reads as logic. */

/** Capitalised words a summary may use that are not names (lower case here). */
export const COMMON_CAPITALISED = new Set(
  `a an the this that these those it its in on at of for to from by with as and but or also meanwhile separately elsewhere
  overall together total totals combined while after before since until during over under about up down new
  deal deals investment investments round rounds funding acquisition acquisitions purchase purchases warrant warrants
  loan loans partnership partnerships talks plan plans stake valuation amount amounts status
  announced signed completed closed stalled cancelled canceled reported rumored revised cut raised
  disclosed undisclosed loop loops circular chip chips cloud data center centers
  there here other another both each one two three four five six seven eight nine ten several many most some all no
  ai gw mw gpu gpus cpu tpu spv loi ipo ceo us usa u s uk eu krw usd eur jpy bn tn
  jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october november december
  mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
  today yesterday week month year brief digest i
  bloomberg reuters wsj wall street journal cnbc financial times ft information kookmin ilbo yonhap korea economic daily
  nikkei techcrunch axios new york times press according`
    .split(/\s+/)
    .filter(Boolean),
);

/** Companies a summary might bring in from outside the store; names in English and Korean. */
export const WELL_KNOWN_COMPANIES: string[][] = [
  ["Google", "구글", "Alphabet", "알파벳"],
  ["Meta", "메타"],
  ["Apple", "애플"],
  ["Intel", "인텔"],
  ["Samsung", "삼성", "삼성전자"],
  ["SK Hynix", "SK하이닉스", "하이닉스"],
  ["Anthropic", "앤트로픽", "앤스로픽"],
  ["Tesla", "테슬라"],
  ["Qualcomm", "퀄컴"],
  ["Micron", "마이크론"],
  ["Arm", "암홀딩스", "Arm Holdings"],
  ["DeepMind", "딥마인드"],
  ["Mistral", "미스트랄"],
  ["Perplexity", "퍼플렉시티"],
  ["Alibaba", "알리바바"],
  ["Tencent", "텐센트"],
  ["Baidu", "바이두"],
  ["Huawei", "화웨이"],
  ["DeepSeek", "딥시크"],
  ["Stargate", "스타게이트"],
  ["Foxconn", "폭스콘"],
  ["Dell", "델"],
  ["Cisco", "시스코"],
  ["Salesforce", "세일즈포스"],
  ["Databricks", "데이터브릭스"],
  ["Scale AI", "스케일AI"],
  ["Naver", "네이버"],
  ["Kakao", "카카오"],
  ["LG", "LG전자"],
  ["Hyundai", "현대"],
  ["MGX"],
  ["BlackRock", "블랙록"],
  ["Goldman Sachs", "골드만삭스"],
  ["Morgan Stanley", "모건스탠리"],
];
