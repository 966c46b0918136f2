import { randomInt, randomUUID } from 'node:crypto';
import { KNOWN } from '../../prisma/seed/demo-data';
import { mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import { failure, okData, openTenantHarness, type TenantHarness } from './tool-harness';

const JAMES = KNOWN.roofing.contact;
const PROJECT = KNOWN.roofing.project;

interface ContactView {
  contact_id: string;
  name: string;
  phone: string;
  address: string | null;
}

interface ProjectView {
  project_number: string;
  scope: string;
  status: string;
  scheduled_for: string | null;
}

let roofer: TenantHarness;
let jamesId: string;

beforeAll(async () => {
  roofer = await openTenantHarness('peak-roofing', mondayInWeeks(1, 10), JAMES.phone);
  const { contacts } = okData<{ contacts: ContactView[] }>(await roofer.call('search_contact', { phone: JAMES.phone }));
  jamesId = contacts[0].contact_id;
});
afterAll(() => roofer.close());

/** A number no seeded contact has: seeded numbers all use the 555 exchange. */
const freshPhone = () => `+14047${String(randomInt(1_000_000)).padStart(6, '0')}`;

describe('search_contact', () => {
  it('finds a contact by exact phone or by part of the name in any case', async () => {
    const byPhone = okData<{ contacts: ContactView[] }>(await roofer.call('search_contact', { phone: JAMES.phone }));
    expect(byPhone.contacts).toEqual([expect.objectContaining({ name: JAMES.name, phone: JAMES.phone, address: JAMES.address })]);

    const byName = okData<{ contacts: ContactView[] }>(await roofer.call('search_contact', { name: 'cARTer' }));
    expect(byName.contacts.map((contact) => contact.contact_id)).toContain(jamesId);
    expect(byName.contacts.length).toBeLessThanOrEqual(5);
  });

  it('says when nobody matches', async () => {
    failure(await roofer.call('search_contact', { name: 'Zebediah Quuxworth' }), 'contact_not_found');
  });
});

describe('create_contact', () => {
  it('creates a new homeowner once, then returns the existing contact for that phone', async () => {
    const phone = freshPhone();
    const created = okData<ContactView & { existing: boolean }>(
      await roofer.call('create_contact', { name: 'Dana Whitfield', phone, address: '12 Oak St, Marietta, GA' }),
    );
    expect(created).toMatchObject({ name: 'Dana Whitfield', phone, existing: false });

    const again = okData<ContactView & { existing: boolean }>(await roofer.call('create_contact', { name: 'Dana W.', phone }));
    expect(again).toMatchObject({ contact_id: created.contact_id, name: 'Dana Whitfield', existing: true });
    expect(await roofer.db.contact.count({ where: { tenantId: roofer.tenantId, phone } })).toBe(1);
  });

  it("defaults to the caller's number and recognises a known caller", async () => {
    const known = okData<ContactView & { existing: boolean }>(await roofer.call('create_contact', { name: JAMES.name }));
    expect(known).toMatchObject({ contact_id: jamesId, existing: true });
    failure(await roofer.call('create_contact', { name: 'No Number' }, { callerNumber: null }), 'phone_required');
  });
});

describe('notes and activities', () => {
  it('adds a note keyed by the tool call', async () => {
    const toolCallId = randomUUID();
    expect(okData(await roofer.call('add_note', { contact_id: jamesId, note: 'Prefers morning visits' }, { toolCallId }))).toEqual({
      contact_id: jamesId,
      saved: true,
    });
    const note = await roofer.db.contactNote.findUniqueOrThrow({ where: { sourceKey: toolCallId } });
    expect(note).toMatchObject({ contactId: jamesId, body: 'Prefers morning visits' });
  });

  it('logs an activity keyed by the tool call', async () => {
    const toolCallId = randomUUID();
    okData(await roofer.call('log_activity', { contact_id: jamesId, kind: 'inspection_request', description: 'Hail last night' }, { toolCallId }));
    const activity = await roofer.db.contactActivity.findUniqueOrThrow({ where: { sourceKey: toolCallId } });
    expect(activity).toMatchObject({ contactId: jamesId, kind: 'inspection_request', description: 'Hail last night' });
  });

  it('refuses an unknown contact', async () => {
    failure(await roofer.call('add_note', { contact_id: 'nobody', note: 'Hello' }), 'contact_not_found');
    failure(await roofer.call('log_activity', { contact_id: 'nobody', kind: 'call', description: 'Hello' }), 'contact_not_found');
  });
});

describe('get_project_status', () => {
  it('gives a project by number, and the projects of a contact', async () => {
    const byNumber = okData<{ projects: ProjectView[] }>(await roofer.call('get_project_status', { project_number: PROJECT.number }));
    expect(byNumber.projects).toEqual([expect.objectContaining({ project_number: PROJECT.number, status: 'scheduled', scope: PROJECT.scope })]);
    expect(byNumber.projects[0].scheduled_for).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

    const byContact = okData<{ projects: ProjectView[] }>(await roofer.call('get_project_status', { contact_id: jamesId }));
    expect(byContact.projects.map((project) => project.project_number)).toContain(PROJECT.number);
  });

  it('says when there is no such project or contact', async () => {
    failure(await roofer.call('get_project_status', { project_number: 'RF-0000' }), 'project_not_found');
    failure(await roofer.call('get_project_status', { contact_id: 'nobody' }), 'contact_not_found');
  });
});
