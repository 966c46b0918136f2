export const probeActivities = {
  async noop(): Promise<void> {},
};

export type ProbeActivities = typeof probeActivities;
