/** Upper-cases on the way in, lower-cases on the way out, so a test can see both directions run. */
export const shouting = {
  to: (value: string | null) => value?.toUpperCase() ?? null,
  from: (value: string | null) => value?.toLowerCase() ?? null,
};
