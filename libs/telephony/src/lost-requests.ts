/**
 * What a request of ours whose answer was lost created at the provider: the
 * oldest of the provider's matching records that none of ours has claimed
 * (should two such requests be in flight at once, each gets one).
 */
export function oldestUnclaimed<T extends { sid: string; createdAt: Date }>(records: readonly T[], claimedSids: ReadonlyArray<string | null>): T | undefined {
  const claimed = new Set(claimedSids);
  return records.filter((record) => !claimed.has(record.sid)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}
