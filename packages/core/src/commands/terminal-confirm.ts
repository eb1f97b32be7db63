// The approval prompt, on the terminal. stdin is a TTY exactly when a person can answer (Nx hands
// a single task the user's terminal, as a shell does); in CI there is no prompt and approval needs
// --approve.
import { createInterface } from 'node:readline/promises';
import type { ApprovalConfirmation } from '../env/resolve-approval';

export function terminalConfirm(identity: string): ((summary: string) => Promise<ApprovalConfirmation>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (summary) => {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      process.stderr.write(`\n${summary}\n\n`);
      const answer = await prompt.question(`Approve as ${identity}? Type "yes" to go ahead: `);
      return { confirmed: answer.trim().toLowerCase() === 'yes', identity };
    } finally {
      prompt.close();
    }
  };
}
