import type { PrismaClient } from '../../libs/db/src/prisma';
import { KNOWN } from './demo-data';

const ROOM_TYPES = ['king', 'queen_double', 'suite'] as const;
type RoomType = (typeof ROOM_TYPES)[number];

const MAX_GUESTS: Record<RoomType, number> = { king: 2, queen_double: 4, suite: 4 };

/** One floor per room type: kings 101–110, queen doubles 201–208, suites 301–302. */
export async function upsertHotelRooms(db: PrismaClient, tenantId: string): Promise<void> {
  for (const [floorIndex, roomType] of ROOM_TYPES.entries()) {
    const fields = { roomType, nightlyRateCents: KNOWN.hotel.nightlyRateCents[roomType], maxGuests: MAX_GUESTS[roomType] };
    for (let room = 1; room <= KNOWN.hotel.rooms[roomType]; room++) {
      const number = `${floorIndex + 1}${String(room).padStart(2, '0')}`;
      await db.room.upsert({
        where: { tenantId_number: { tenantId, number } },
        create: { tenantId, number, ...fields },
        update: fields,
      });
    }
  }
}
