/** Job dedupe keys, made in one place so SQL and code agree: one caption job and one write job per image. */
function jobKey(kind: string) {
  return {
    of: (imageId: number): string => `${kind}:${imageId}`,
    /** The same key as an SQL expression over an image id column. */
    sql: (imageIdColumn: string): string => `'${kind}:' || ${imageIdColumn}`,
  };
}

export const captionJobKey = jobKey('caption');
export const writeJobKey = jobKey('write');
