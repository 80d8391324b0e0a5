/**
 * What the model is given for "Ask Cordial": one user turn that quotes the message asked about,
 * names who wrote it, and then asks the question. One turn rather than the target's and the
 * asker's: the target may be the bot's own message or another bot's (the history would make it
 * an assistant turn, or skip it), and two user turns in a row would merge into one text where the
 * target's words could pass for the asker's.
 */

/** The message asked about, as far as its quote needs it. */
export interface AskedAboutMessage {
  /** Its author's display name. */
  authorName: string;
  /** Its text; empty for a message of files or embeds alone. */
  content: string;
  /** How many files it carries: given to the model after this text, as parts of the same turn. */
  attachmentCount: number;
}

/**
 * The asker's turn: `A message by Alice:`, the message's lines quoted with `> ` (so no line of it
 * can pass for the question), a word on its files, then `Question from Bob about that message:`
 * and the question. In English whatever the asker's language: it frames the turn for the model,
 * which answers in the language of the question.
 */
export function askAboutPrompt(input: { target: AskedAboutMessage; askerName: string; question: string }): string {
  const { target } = input;
  const text = target.content.trim();
  const quote = text === '' ? '(no text)' : text.split('\n').map((line) => `> ${line}`).join('\n');
  const lines = [`A message by ${target.authorName}:`, quote];
  if (target.attachmentCount === 1) lines.push('(It has a file attached: it follows this text.)');
  else if (target.attachmentCount > 1) lines.push(`(It has ${target.attachmentCount} files attached: they follow this text.)`);
  return `${lines.join('\n')}\n\nQuestion from ${input.askerName} about that message:\n${input.question}`;
}
