/** A short, growing, jittered pause before retrying a lost IfMatch race (attempt 1, 2, ...). */
export const pauseBeforeRetry = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 25 * 2 ** attempt)));
