/** Keeps the last `limit` characters of a stream, so a chatty process cannot fill this one's memory. */
export class TailBuffer {
  /** @type {string} */
  #text = "";
  /** @type {number} */
  #limit;

  /** @param {number} [limit] characters kept; `Infinity` keeps everything */
  constructor(limit = 16 * 1024) {
    this.#limit = limit;
  }

  /** @param {Buffer | string} chunk */
  append(chunk) {
    this.#text += chunk.toString();
    if (this.#text.length > this.#limit * 2) this.#text = this.#text.slice(-this.#limit);
  }

  /** @returns {string} */
  toString() {
    return this.#limit === Infinity ? this.#text : this.#text.slice(-this.#limit);
  }
}
