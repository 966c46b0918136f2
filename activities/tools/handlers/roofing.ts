import type { Prisma } from '../../../libs/db/src/prisma';
import { fail, ok } from '../../../libs/tools/src';
import { phoneOrCaller } from '../caller-phone';
import { localAndUtc } from '../local-time';
import { lockTenant } from '../tenant-lock';
import type { ToolContext, ToolHandler, ToolHandlers } from '../tool-context';

const SEARCH_LIMIT = 5;

const createContact: ToolHandler<'create_contact'> = async (args, ctx) => {
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;

  await lockTenant(ctx); // two calls creating the same homeowner must not both insert
  const existing = await ctx.db.contact.findFirst({
    where: { tenantId: ctx.tenant.id, phone: phone.data },
    orderBy: { createdAt: 'asc' },
  });
  if (existing) return ok({ ...describeContact(existing), existing: true });

  const contact = await ctx.db.contact.create({
    data: { tenantId: ctx.tenant.id, name: args.name, phone: phone.data, email: args.email ?? null, address: args.address ?? null },
  });
  return ok({ ...describeContact(contact), existing: false });
};

const searchContact: ToolHandler<'search_contact'> = async (args, ctx) => {
  const matches: Prisma.ContactWhereInput[] = [];
  if (args.phone) matches.push({ phone: args.phone });
  if (args.name) matches.push({ name: { contains: args.name.trim(), mode: 'insensitive' } });
  const contacts = await ctx.db.contact.findMany({
    where: { tenantId: ctx.tenant.id, OR: matches },
    orderBy: { name: 'asc' },
    take: SEARCH_LIMIT,
  });
  if (contacts.length === 0) return fail('contact_not_found', 'No contact matches. Create one with create_contact.');
  return ok({ contacts: contacts.map(describeContact) });
};

function describeContact(contact: Prisma.ContactModel) {
  return { contact_id: contact.id, name: contact.name, phone: contact.phone, email: contact.email, address: contact.address };
}

const addNote: ToolHandler<'add_note'> = async (args, ctx) => {
  if (!(await contactExists(ctx, args.contact_id))) return contactNotFound();
  await ctx.db.contactNote.create({ data: { contactId: args.contact_id, body: args.note, sourceKey: ctx.toolCallId } });
  return ok({ contact_id: args.contact_id, saved: true });
};

const logActivity: ToolHandler<'log_activity'> = async (args, ctx) => {
  if (!(await contactExists(ctx, args.contact_id))) return contactNotFound();
  await ctx.db.contactActivity.create({
    data: { contactId: args.contact_id, kind: args.kind, description: args.description, sourceKey: ctx.toolCallId },
  });
  return ok({ contact_id: args.contact_id, kind: args.kind, saved: true });
};

const getProjectStatus: ToolHandler<'get_project_status'> = async (args, ctx) => {
  const projects = await ctx.db.project.findMany({
    where: {
      tenantId: ctx.tenant.id,
      ...(args.project_number && { number: args.project_number }),
      ...(args.contact_id && { contactId: args.contact_id }),
    },
    orderBy: { updatedAt: 'desc' },
  });
  if (projects.length > 0) return ok({ projects: projects.map((project) => describeProject(project, ctx.tenant.timeZone)) });
  if (args.project_number) return fail('project_not_found', `There is no project ${args.project_number}. Ask the caller to check the number.`);
  if (args.contact_id && !(await contactExists(ctx, args.contact_id))) return contactNotFound();
  return fail('project_not_found', 'This contact has no roofing projects yet.');
};

function describeProject(project: Prisma.ProjectModel, zone: string) {
  const scheduled = project.scheduledFor && localAndUtc(project.scheduledFor, zone);
  return {
    project_number: project.number,
    address: project.address,
    scope: project.scope,
    status: project.status.toLowerCase().replace(/_/g, ' '),
    scheduled_for: scheduled ? scheduled.local : null,
    scheduled_for_utc: scheduled ? scheduled.utc : null,
  };
}

async function contactExists(ctx: ToolContext, contactId: string): Promise<boolean> {
  return (await ctx.db.contact.count({ where: { id: contactId, tenantId: ctx.tenant.id } })) > 0;
}

const contactNotFound = () => fail('contact_not_found', 'There is no contact with that id. Search for the contact first.');

export const ROOFING_HANDLERS = {
  create_contact: createContact,
  search_contact: searchContact,
  add_note: addNote,
  log_activity: logActivity,
  get_project_status: getProjectStatus,
} satisfies Partial<ToolHandlers>;
