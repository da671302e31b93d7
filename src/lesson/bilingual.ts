/** The two languages a lesson is written in. */
export type Lang = "zh" | "en";

export const LANGS: readonly Lang[] = ["zh", "en"];

/** One piece of text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export function bi(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** Join several bilingual pieces with a per-language separator. */
export function joinBi(parts: readonly Bilingual[], sep: Bilingual = { zh: "，", en: ", " }): Bilingual {
  return {
    zh: parts.map((p) => p.zh).join(sep.zh),
    en: parts.map((p) => p.en).join(sep.en),
  };
}
