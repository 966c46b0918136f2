import { checkToolCall, realtimeToolDefinitions, toolsInPacks } from '../../../libs/tools/src';

const AUTO_SHOP_PACKS = ['core', 'auto_shop'];

describe('checkToolCall', () => {
  it('accepts a tool of an enabled pack and gives back its parsed arguments', () => {
    expect(checkToolCall('check_availability', { date: '2027-03-14', service: 'Oil change' }, AUTO_SHOP_PACKS)).toEqual({
      ok: true,
      name: 'check_availability',
      args: { date: '2027-03-14', service: 'Oil change' },
    });
  });

  it('tells the model which tool is unknown, and which is not for this business', () => {
    expect(checkToolCall('launch_rocket', {}, AUTO_SHOP_PACKS)).toEqual({ ok: false, reason: 'Unknown tool "launch_rocket".' });
    expect(checkToolCall('search_properties', { city: 'Denver' }, AUTO_SHOP_PACKS)).toEqual({
      ok: false,
      reason: 'Tool "search_properties" is not available for this business.',
    });
  });

  it('names every bad argument and what it should look like', () => {
    const check = checkToolCall('book_appointment', { start: 'tomorrow 9am', service: '', customer_name: 'Maria', phone: '555-1234' }, AUTO_SHOP_PACKS);
    expect(check.ok).toBe(false);
    const { reason } = check as { reason: string };
    expect(reason).toMatch(/^Invalid arguments for "book_appointment": /);
    expect(reason).toContain('start: expected local time as YYYY-MM-DDTHH:mm');
    expect(reason).toContain('service: ');
    expect(reason).toContain('phone: expected an E.164 phone number');
  });

  it('treats missing arguments as none, and reports a broken cross-field rule', () => {
    expect(checkToolCall('lookup_customer', undefined, AUTO_SHOP_PACKS)).toEqual({ ok: true, name: 'lookup_customer', args: {} });
    expect(checkToolCall('lookup_work_order', {}, AUTO_SHOP_PACKS)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('give work_order_number or customer_id'),
    });
  });
});

describe('realtimeToolDefinitions', () => {
  it('describes exactly the enabled packs’ tools as Realtime function tools with JSON Schema parameters', () => {
    const definitions = realtimeToolDefinitions(AUTO_SHOP_PACKS);
    expect(definitions.map((d) => d.name)).toEqual(toolsInPacks(AUTO_SHOP_PACKS).map((spec) => spec.name));
    for (const definition of definitions) {
      expect(definition.type).toBe('function');
      expect(definition.description.length).toBeGreaterThan(0);
      expect(definition.parameters).toMatchObject({ type: 'object' });
      expect(definition.parameters).not.toHaveProperty('$schema');
    }
  });

  it('carries required fields, formats and descriptions from the zod schema', () => {
    const booking = realtimeToolDefinitions(AUTO_SHOP_PACKS).find((d) => d.name === 'book_appointment')!;
    const parameters = booking.parameters as { required: string[]; properties: Record<string, { pattern?: string; description?: string }> };
    expect(parameters.required).toEqual(expect.arrayContaining(['start', 'service', 'customer_name']));
    expect(parameters.required).not.toContain('phone');
    expect(parameters.properties.start.description).toBe('Slot start, YYYY-MM-DDTHH:mm local time');
    expect(new RegExp(parameters.properties.phone.pattern!).test('+15551234567')).toBe(true);
  });
});
