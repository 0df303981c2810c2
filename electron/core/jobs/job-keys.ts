/** Job dedupe keys, made in one place so SQL and code agree: one caption job per image. */
export const captionJobKey = {
  of: (imageId: number): string => `caption:${imageId}`,
  /** The same key as an SQL expression over an image id column. */
  sql: (imageIdColumn: string): string => `'caption:' || ${imageIdColumn}`,
};
