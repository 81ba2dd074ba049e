/**
 * Splits text holding a sequence of JSON values (`{..} {..}`, one per line, or run together as `{..}{..}`)
 * into the source text of each value, without parsing them: objects and arrays end at their matching
 * bracket (brackets inside strings do not count), strings at their closing quote, and anything else
 * (numbers, `true`, stray characters) at the next whitespace, bracket or quote. An unterminated value
 * runs to the end of the text. Whitespace alone gives no values.
 *
 * Splitting first and parsing each piece with `JSON.parse` gives per-message error messages (`request 2
 * is not valid JSON: ...`) from the platform's own parser.
 */
export function splitJsonValues(text: string): string[] {
  const values: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) return values;
    const start = i;
    const c = text[i];
    if (c === "{" || c === "[") {
      let depth = 0;
      for (; i < n; i++) {
        const ch = text[i];
        if (ch === '"') i = closingQuote(text, i);
        else if (ch === "{" || ch === "[") depth++;
        else if ((ch === "}" || ch === "]") && --depth === 0) {
          i++;
          break;
        }
      }
    } else if (c === '"') {
      i = closingQuote(text, i) + 1;
    } else {
      while (i < n && !isWhitespace(text.charCodeAt(i)) && !'{["'.includes(text[i]!)) i++;
    }
    values.push(text.slice(start, Math.min(i, n)));
  }
}

/** JSON's whitespace, plus a byte-order mark, which editors on some systems put at the start of a file. */
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/** The index of the quote that closes the string opening at `open`, or the text's length if none does. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
