// What a catch caught, as an Error: a thrown non-Error (a string, say) is wrapped, so what holds it keeps one type.

export const asError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown)));
