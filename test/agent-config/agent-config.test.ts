import { AgentConfigError, readBusinessHours, readTransferNumbers } from '../../libs/agent-config/src/agent-config';
import { DEMO_TENANTS } from '../../prisma/seed/demo-data';

describe('AgentConfig JSON columns', () => {
  it('reads every demo tenant’s hours and transfer numbers as seeded', () => {
    for (const tenant of DEMO_TENANTS) {
      expect(readBusinessHours(tenant.slug, tenant.businessHours)).toEqual(tenant.businessHours);
      expect(readTransferNumbers(tenant.slug, tenant.transferNumbers)).toEqual(tenant.transferNumbers);
    }
  });

  it('refuses malformed values, naming the tenant, the column and what is wrong', () => {
    expect(() => readTransferNumbers('t1', { primary: '512-555-0100' })).toThrow(
      'tenant t1: AgentConfig.transferNumbers is invalid (primary: expected an E.164 phone number like +15551234567)',
    );
    expect(() => readTransferNumbers('t1', ['+15125550100'])).toThrow(/tenant t1: AgentConfig.transferNumbers is invalid/);
    expect(() => readBusinessHours('t2', { mon: [{ open: '8am', close: '17:00' }] })).toThrow(
      /tenant t2: AgentConfig.businessHours is invalid \(mon.0.open: expected a time as HH:mm/,
    );
    expect(() => readBusinessHours('t2', { monday: [] })).toThrow(AgentConfigError);
  });

  it('treats a missing queue or day as absent, not as an error', () => {
    expect(readTransferNumbers('t3', {})).toEqual({});
    expect(readBusinessHours('t3', { sat: [{ open: '09:00', close: '13:00' }] })).toEqual({ sat: [{ open: '09:00', close: '13:00' }] });
  });
});
