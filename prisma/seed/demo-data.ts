import type { BusinessHours } from '../../activities/tools/tool-context';

/**
 * The four demo businesses: fixed facts the demo, the simulators and the tests
 * rely on. Bulk records around them are generated with faker (seed.ts).
 */
export interface DemoTenant {
  slug: string;
  name: string;
  vertical: 'AUTO_SHOP' | 'REAL_ESTATE' | 'ROOFING' | 'HOTEL';
  phoneNumber: string;
  address: string;
  agentName: string;
  greetingTemplate: string;
  voice: string;
  instructions: string;
  timeZone: string;
  businessHours: BusinessHours;
  transferNumbers: { primary: string; afterHours?: string; spanish?: string };
  toolPacks: string[];
  /** The browser agent asks before each write tool (AgentConfig.confirmWrites); absent: it does not. */
  confirmWrites?: boolean;
  slotMinutes: number;
  slotCapacity: number;
  services: Array<{ name: string; durationMinutes: number; priceFromCents?: number }>;
}

const weekdays = (open: string, close: string): BusinessHours => ({
  mon: [{ open, close }],
  tue: [{ open, close }],
  wed: [{ open, close }],
  thu: [{ open, close }],
  fri: [{ open, close }],
});

const GREETING = 'Thanks for calling {brand}, this is {agent}. How can I help you today?';

export const AUTO_SHOP: DemoTenant = {
  slug: 'rivera-auto',
  name: 'Rivera Auto Repair',
  vertical: 'AUTO_SHOP',
  phoneNumber: '+15005550001',
  address: '1200 S Lamar Blvd, Austin, TX 78704',
  agentName: 'Ava',
  greetingTemplate: GREETING,
  voice: 'marin',
  instructions:
    'You are the receptionist of an independent auto repair shop. Be brief and warm. Look the caller up by phone first. ' +
    'Book, move or cancel service appointments; give repair status from work orders. Never quote a price you were not given.',
  timeZone: 'America/Chicago',
  businessHours: { ...weekdays('08:00', '17:00'), sat: [{ open: '09:00', close: '13:00' }] },
  transferNumbers: { primary: '+15125550100', afterHours: '+15125550199', spanish: '+15125550111' },
  toolPacks: ['core', 'auto_shop'],
  slotMinutes: 60,
  slotCapacity: 1,
  services: [
    { name: 'Oil change', durationMinutes: 60, priceFromCents: 4999 },
    { name: 'Brake inspection', durationMinutes: 60, priceFromCents: 0 },
    { name: 'Diagnostics', durationMinutes: 60, priceFromCents: 12900 },
    { name: 'Tire rotation', durationMinutes: 60, priceFromCents: 3500 },
    { name: 'State inspection', durationMinutes: 60, priceFromCents: 2550 },
  ],
};

export const REAL_ESTATE: DemoTenant = {
  slug: 'summit-realty',
  name: 'Summit Realty',
  vertical: 'REAL_ESTATE',
  phoneNumber: '+15005550002',
  address: '1550 Larimer St, Denver, CO 80202',
  agentName: 'Sam',
  greetingTemplate: GREETING,
  voice: 'cedar',
  instructions:
    'You answer for a real-estate team. Find listings that fit, book showings, and qualify buyers and sellers ' +
    '(intent, budget, timeline, pre-approval) before offering an agent callback.',
  timeZone: 'America/Denver',
  businessHours: { ...weekdays('09:00', '18:00'), sat: [{ open: '10:00', close: '16:00' }], sun: [{ open: '12:00', close: '16:00' }] },
  transferNumbers: { primary: '+13035550100', afterHours: '+13035550199' },
  toolPacks: ['core', 'real_estate'],
  slotMinutes: 30,
  slotCapacity: 2,
  services: [
    { name: 'Property showing', durationMinutes: 30 },
    { name: 'Listing consultation', durationMinutes: 60 },
    { name: 'Buyer consultation', durationMinutes: 45 },
  ],
};

export const ROOFING: DemoTenant = {
  slug: 'peak-roofing',
  name: 'Peak Roofing & Exteriors',
  vertical: 'ROOFING',
  phoneNumber: '+15005550003',
  address: '880 Peachtree Industrial Blvd, Atlanta, GA 30341',
  agentName: 'Riley',
  greetingTemplate: GREETING,
  voice: 'ash',
  instructions:
    'You answer for a roofing contractor. For new homeowners create a contact and log an inspection or estimate request; ' +
    'for existing customers find them and give project status. Storm damage is urgent: offer a callback today.',
  timeZone: 'America/New_York',
  businessHours: weekdays('07:30', '17:30'),
  transferNumbers: { primary: '+14045550100', afterHours: '+14045550199', spanish: '+14045550111' },
  toolPacks: ['core', 'roofing'],
  // The field crew talks to the CRM hands-free in the browser: nothing is written before they say yes on screen.
  confirmWrites: true,
  slotMinutes: 60,
  slotCapacity: 2,
  services: [
    { name: 'Roof inspection', durationMinutes: 60, priceFromCents: 0 },
    { name: 'Storm damage assessment', durationMinutes: 90, priceFromCents: 0 },
    { name: 'Gutter replacement', durationMinutes: 240, priceFromCents: 120000 },
  ],
};

export const HOTEL: DemoTenant = {
  slug: 'harbor-inn',
  name: 'Harbor Inn',
  vertical: 'HOTEL',
  phoneNumber: '+15005550004',
  address: '2 Harbor Dr, San Diego, CA 92101',
  agentName: 'Hana',
  greetingTemplate: GREETING,
  voice: 'sage',
  instructions:
    'You are the front desk of a boutique hotel. Check room availability, take reservation requests and text a payment ' +
    'link to confirm. Mention check-in at 3 pm and check-out at 11 am when relevant.',
  timeZone: 'America/Los_Angeles',
  businessHours: {
    mon: [{ open: '00:00', close: '24:00' }],
    tue: [{ open: '00:00', close: '24:00' }],
    wed: [{ open: '00:00', close: '24:00' }],
    thu: [{ open: '00:00', close: '24:00' }],
    fri: [{ open: '00:00', close: '24:00' }],
    sat: [{ open: '00:00', close: '24:00' }],
    sun: [{ open: '00:00', close: '24:00' }],
  },
  transferNumbers: { primary: '+16195550100', spanish: '+16195550111' },
  toolPacks: ['core', 'hotel'],
  slotMinutes: 60,
  slotCapacity: 1,
  services: [
    { name: 'King room', durationMinutes: 0, priceFromCents: 18900 },
    { name: 'Queen double room', durationMinutes: 0, priceFromCents: 21900 },
    { name: 'Harbor suite', durationMinutes: 0, priceFromCents: 39900 },
  ],
};

export const DEMO_TENANTS = [AUTO_SHOP, REAL_ESTATE, ROOFING, HOTEL] as const;

/** Records the scripted demo calls and the tests look for. */
export const KNOWN = {
  autoShop: {
    customer: { name: 'Maria Lopez', phone: '+15125550123', email: 'maria.lopez@example.com' },
    vehicle: { year: 2019, make: 'Honda', model: 'Civic', vin: '2HGFC2F59KH512345', plate: 'TX-4MR-221' },
    workOrder: { number: 'WO-1001', status: 'WAITING_FOR_PARTS' as const, description: 'Replace front brake pads and rotors' },
  },
  realEstate: {
    caller: { name: 'Daniel Kim', phone: '+17205550144' },
    property: { address: '2417 Bluebell Ave', city: 'Boulder', priceCents: 89_500_000, bedrooms: 3, bathrooms: 2.5, squareFeet: 1980 },
  },
  roofing: {
    contact: { name: 'James Carter', phone: '+14045550177', address: '45 Magnolia Ln, Decatur, GA 30030' },
    project: { number: 'RF-2041', status: 'SCHEDULED', scope: 'Full architectural shingle replacement' },
  },
  hotel: {
    guest: { name: 'Olivia Chen', phone: '+16195550188' },
    rooms: { king: 10, queen_double: 8, suite: 2 },
    nightlyRateCents: { king: 18900, queen_double: 21900, suite: 39900 },
  },
} as const;
