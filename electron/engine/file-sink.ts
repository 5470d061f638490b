import { open, type FileHandle } from 'node:fs/promises';

/** Bytes gathered before one write to the file: few syscalls, little memory. */
const BUFFER_BYTES = 1 << 20;
/** UTF-8 bytes one UTF-16 code unit can take (a lone surrogate becomes the 3-byte U+FFFD). */
const MAX_BYTES_PER_UNIT = 3;

const ignore = (): void => undefined;

/**
 * Writes text to a new file through two reused buffers: texts are UTF-8 encoded straight into one buffer (no joined
 * string, no Buffer per text) while the other, full one is being written, so encoding and file I/O overlap and
 * memory stays at two buffers whatever the size of the output. Writes land in order.
 */
export class FileSink {
  private readonly buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  private current = 0;
  private used = 0;
  /** The writes handed to the file so far, chained in order; rejects with the first fs error. */
  private writing: Promise<void> = Promise.resolve();
  /** Bytes written to the file so far (flushed or not). */
  bytes = 0;

  private constructor(private readonly file: FileHandle) {}

  /**
   * Creates (or truncates) `path` with mode 0600.
   * @throws the fs error when it cannot be opened for writing
   */
  static async create(path: string): Promise<FileSink> {
    return new FileSink(await open(path, 'w', 0o600));
  }

  /**
   * Appends each of `texts` as UTF-8, in order (one await for many small texts).
   * @throws the fs error of an earlier write, or of this one's
   */
  async write(texts: readonly string[]): Promise<void> {
    for (const text of texts) {
      const worst = MAX_BYTES_PER_UNIT * text.length;
      if (this.used + worst > BUFFER_BYTES) await this.flush();
      if (worst > BUFFER_BYTES) {
        await this.writeBytes(Buffer.from(text));
        continue;
      }
      const n = this.buffers[this.current]!.write(text, this.used);
      this.used += n;
      this.bytes += n;
    }
  }

  /**
   * Writes what is buffered, waits for every write, and closes the file (also after an error).
   * @throws the fs error of any write
   */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.writing;
    } finally {
      await this.file.close();
    }
  }

  /** Hands the current buffer to the file and switches to the other one once its own write is done. */
  private async flush(): Promise<void> {
    const previous = this.writing;
    const buffer = this.buffers[this.current]!;
    const length = this.used;
    this.writing = previous.then(() => this.writeAll(buffer, length));
    this.writing.catch(ignore); // observed by the next flush or by close; not an unhandled rejection meanwhile
    this.current = 1 - this.current;
    this.used = 0;
    await previous;
  }

  /**
   * Appends encoded bytes (a batch of records, or a text larger than a buffer) in order: copied into the current
   * buffer when they fit (small writes coalesce into one), else written after what is buffered.
   * @throws the fs error of an earlier write, or of this one's
   */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.used + bytes.length > BUFFER_BYTES) await this.flush();
    this.bytes += bytes.length;
    if (bytes.length <= BUFFER_BYTES) {
      this.buffers[this.current]!.set(bytes, this.used);
      this.used += bytes.length;
      return;
    }
    this.writing = this.writing.then(() => this.writeAll(bytes, bytes.length));
    await this.writing;
  }

  private async writeAll(bytes: Uint8Array, length: number): Promise<void> {
    for (let done = 0; done < length; ) done += (await this.file.write(bytes, done, length - done)).bytesWritten;
  }
}
