/** The largest files `ask --image` and `--file` send (fixed: the CLI reads provider settings only). */
export const attachedFileLimits = {
  /** An image: 20 MB, what hosted vision APIs take per image. */
  maxImageBytes: 20 * 1024 * 1024,
  /** A text file, inlined whole into the prompt: 1 MB (about 300,000 tokens of ASCII). */
  maxTextFileBytes: 1024 * 1024,
} as const;
