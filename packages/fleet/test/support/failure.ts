/** The error `work` rejects with; fails the test when it resolves instead. */
export async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, but it succeeded');
}
