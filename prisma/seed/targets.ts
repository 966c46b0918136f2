export const SEED_SCALES = ['demo', 'large'] as const;
export type SeedScale = (typeof SEED_SCALES)[number];

export function isSeedScale(value: string): value is SeedScale {
  return (SEED_SCALES as readonly string[]).includes(value);
}

/** Rows per tenant, known records included, that a scale asks for. */
export interface SeedTargets {
  customers: number;
  vehicles: number;
  workOrders: number;
  appointments: number;
  properties: number;
  contacts: number;
  projects: number;
}

export const SEED_TARGETS: Record<SeedScale, SeedTargets> = {
  demo: { customers: 200, vehicles: 320, workOrders: 100, appointments: 80, properties: 40, contacts: 30, projects: 20 },
  large: {
    customers: 10_000,
    vehicles: 16_000,
    workOrders: 5_000,
    appointments: 8_000,
    properties: 40,
    contacts: 30,
    projects: 20,
  },
};
