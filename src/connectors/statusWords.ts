// A backend's status words read into one of the model's states: each state with the words that mean it, and the
// state any other word means.
export function statusReader<T extends string>(meanings: readonly (readonly [T, readonly string[]])[], otherwise: T): (word: string) => T {
  const byWord = new Map<string, T>();
  for (const [state, words] of meanings) for (const word of words) byWord.set(word, state);
  return (word) => byWord.get(word) ?? otherwise;
}
