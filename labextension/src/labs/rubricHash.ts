/**
 * The hash a results document gives a lab's rubric (`lab.rubric_sha256`):
 * sha256 of its code, UTF-8 with `\n` newlines, as headless grading hashes it
 * (browsergrad_kernel/results/document.py).
 */

/** The hex sha256 of the rubric's code, or null where the page has no WebCrypto. */
export async function rubricSha256(source: string): Promise<string | null> {
  // crypto.subtle exists in secure contexts only (https, localhost)
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    return null;
  }
  const text = source.replace(/\r\n?/g, '\n');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), byte =>
    byte.toString(16).padStart(2, '0')
  ).join('');
}
