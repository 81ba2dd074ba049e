/**
 * A text printer with the indentation rules of protobuf's C++ `io::Printer`, which grpc_node_plugin writes
 * with: `print` indents every line it starts, `printRaw` indents only its first line and leaves the printer
 * "not at the start of a line", so the line after a raw block is not indented either. grpc-tools' output
 * shows both quirks around comments (a method's comment block is indented on its first line only, and the
 * method's key below it not at all); reproducing them keeps the output identical to grpc-tools'.
 */
export class Printer {
  private text = "";
  private indentation = "";
  private atLineStart = true;

  /** Writes `text`, indenting each line it starts (empty lines stay empty). */
  print(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "\n") {
        this.writeRaw(text.slice(start, i + 1));
        start = i + 1;
        this.atLineStart = true;
      }
    }
    this.writeRaw(text.slice(start));
  }

  /** Writes `text` as is, indenting only its first line (see the class comment). */
  printRaw(text: string): void {
    this.writeRaw(text);
  }

  /** Adds two spaces of indentation for the lines that follow. */
  indent(): void {
    this.indentation += "  ";
  }

  /** Removes two spaces of indentation. */
  outdent(): void {
    this.indentation = this.indentation.slice(2);
  }

  /** Everything written so far. */
  toString(): string {
    return this.text;
  }

  private writeRaw(data: string): void {
    if (data === "") return;
    if (this.atLineStart && data[0] !== "\n") {
      this.atLineStart = false;
      this.text += this.indentation;
    }
    this.text += data;
  }
}
