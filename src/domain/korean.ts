import { disassembleCompleteCharacter } from "es-hangul";

export type ParticlePair = "은/는" | "이/가" | "을/를" | "과/와" | "으로/로";

/** How Koreans read Latin letters and digits when they end a name (AMD → 디, n8n → 엔). */
const LETTERS: Record<string, string> = {
  a: "에이",
  b: "비",
  c: "씨",
  d: "디",
  e: "이",
  f: "에프",
  g: "지",
  h: "에이치",
  i: "아이",
  j: "제이",
  k: "케이",
  l: "엘",
  m: "엠",
  n: "엔",
  o: "오",
  p: "피",
  q: "큐",
  r: "알",
  s: "에스",
  t: "티",
  u: "유",
  v: "브이",
  w: "더블유",
  x: "엑스",
  y: "와이",
  z: "지",
};
const DIGITS = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];

/** Names whose Korean reading is not their last letter's (read as the press writes them). */
const WORDS: Record<string, string> = {
  openai: "오픈에이아이",
  nvidia: "엔비디아",
  oracle: "오라클",
  arm: "암",
  coreweave: "코어위브",
  microsoft: "마이크로소프트",
  amazon: "아마존",
  google: "구글",
  alphabet: "알파벳",
  meta: "메타",
  apple: "애플",
  broadcom: "브로드컴",
  cerebras: "세레브라스",
  softbank: "소프트뱅크",
  intel: "인텔",
  samsung: "삼성",
  anthropic: "앤트로픽",
  tesla: "테슬라",
  qualcomm: "퀄컴",
  micron: "마이크론",
  hynix: "하이닉스",
  deepmind: "딥마인드",
  mistral: "미스트랄",
  perplexity: "퍼플렉시티",
  groq: "그록",
  stargate: "스타게이트",
  foxconn: "폭스콘",
  dell: "델",
  cisco: "시스코",
  salesforce: "세일즈포스",
  databricks: "데이터브릭스",
  scale: "스케일",
  inflection: "인플렉션",
  cohere: "코히어",
  figure: "피규어",
  venture: "벤처",
  project: "프로젝트",
  group: "그룹",
  capital: "캐피털",
  partners: "파트너스",
  ventures: "벤처스",
  labs: "랩스",
  lab: "랩",
  systems: "시스템스",
  corp: "코프",
  ltd: "엘티디",
  inc: "잉크",
  ai: "에이아이",
  x: "엑스",
};

type Ending = "vowel" | "rieul" | "consonant";

function endingOfSyllable(ch: string): Ending | null {
  const parts = disassembleCompleteCharacter(ch);
  if (!parts) return null;
  if (parts.jongseong === "") return "vowel";
  return parts.jongseong === "ㄹ" ? "rieul" : "consonant";
}

function numberReading(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, "");
  const zeros = /0+$/.exec(trimmed)?.[0].length ?? 0;
  if (trimmed !== "0" && zeros >= 1) return ["십", "백", "천", "만"][Math.min(zeros, 4) - 1] as string;
  return DIGITS[Number(trimmed.at(-1))] as string;
}

/** English spelling endings that Korean renders with a final consonant (-ng 잉, -m 엠→ㅁ, -l 엘→ㄹ, -ck 익, -p 입). */
function englishEnding(word: string): Ending | null {
  if (/(ng|m|n)$/.test(word)) return "consonant";
  if (/(l|ll|[bcdfgkpstz]le)$/.test(word)) return "rieul";
  if (/(ck|k|c|q|p)$/.test(word)) return "consonant"; // chip 칩, group 그룹
  if (/[aeiouyrtdsxzfvbghw]$/.test(word)) return "vowel";
  return null;
}

/** How the last syllable of `name` sounds when a Korean reads it aloud; null when unsure. */
export function ending(name: string): Ending | null {
  const text = name
    .normalize("NFKC")
    .trim()
    .replace(/\s*\([^()]*\)$/, "") // 월스트리트저널(WSJ): the particle follows 저널
    .replace(/[\s'"’”.,!?·\-–—)\]]+$/u, "");
  const last = text.at(-1);
  if (!last) return null;
  if (/[\uac00-\ud7a3]/.test(last)) return endingOfSyllable(last);
  const digits = /\d+$/.exec(text);
  if (digits) return endingOfSyllable(numberReading(digits[0]).at(-1) as string);
  const latin = /[A-Za-z]+$/.exec(text)?.[0];
  if (!latin) return null;
  const word = latin.toLowerCase();
  // Own keys only: a name such as "constructor" is not a key of the table but of every object.
  const known = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
  if (known) return endingOfSyllable(known.at(-1) as string);
  // Acronyms and letter runs (AMD, TSMC, xAI, n8n) are read letter by letter.
  const upperTail = /[A-Z]{2,}$/.test(latin) || latin.length <= 3 || /\d/.test(text.slice(-4));
  if (!upperTail && latin.length > 3) {
    const e = englishEnding(latin.toLowerCase());
    if (e) return e;
  }
  const reading = LETTERS[latin.at(-1)?.toLowerCase() ?? ""];
  return reading ? endingOfSyllable(reading.at(-1) as string) : null;
}

/** The particle that follows `name`: 엔비디아 → 는, 오라클 → 은 / 로, AMD → 는, n8n → 이; unsure → `은(는)`. */
export function particle(name: string, pair: ParticlePair): string {
  const [withFinal, withoutFinal] = pair.split("/") as [string, string];
  const e = ending(name);
  if (e === null) return `${withFinal}(${withoutFinal})`;
  if (pair === "으로/로") return e === "consonant" ? withFinal : withoutFinal;
  return e === "vowel" ? withoutFinal : withFinal;
}

/** `name` followed by the right particle: `오라클로`, `AMD는`, `TSMC와`. */
export function withParticle(name: string, pair: ParticlePair): string {
  return `${name}${particle(name, pair)}`;
}
