import { z } from 'zod';
import { defineTool, e164, isoDate } from '../tool-spec';
import { SAY_CONSENT_WORDING } from './reminder-consent';

const ROOM_TYPES = ['king', 'queen_double', 'suite'] as const;

export const checkRoomAvailability = defineTool({
  name: 'check_room_availability',
  pack: 'hotel',
  execution: 'fast',
  effect: 'read',
  description: 'Room types free for every night of a stay, with nightly rate and total.',
  args: z.object({
    check_in: isoDate(),
    check_out: isoDate(),
    guests: z.number().int().min(1).max(8),
    room_type: z.enum(ROOM_TYPES).optional(),
  }),
});

export const createReservationRequest = defineTool({
  name: 'create_reservation_request',
  pack: 'hotel',
  execution: 'fast',
  effect: 'write',
  description: `Hold a room type for a stay as a reservation request; it is confirmed once paid. ${SAY_CONSENT_WORDING}`,
  args: z.object({
    check_in: isoDate(),
    check_out: isoDate(),
    guests: z.number().int().min(1).max(8),
    room_type: z.enum(ROOM_TYPES),
    guest_name: z.string().min(1).max(120),
    phone: e164().optional(),
  }),
});

export const sendPaymentLink = defineTool({
  name: 'send_payment_link',
  pack: 'hotel',
  // A payment provider's link texted to the guest (today a fixed URL, the text queued
  // for after the call): a normal activity, so a provider call can go in unchanged.
  execution: 'slow',
  effect: 'write',
  description: 'Text the guest a payment link for a reservation request.',
  args: z.object({ reservation_request_id: z.string().min(1), phone: e164().optional() }),
});

export const HOTEL_TOOLS = [checkRoomAvailability, createReservationRequest, sendPaymentLink] as const;
