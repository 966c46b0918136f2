import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { unstorableText } from '../../../../libs/text/src/storable-text';

/**
 * Validates a param, query or body against a zod schema; a failure is a 400
 * that says what is wrong. Text that could not be stored as sent (NUL, a lone
 * surrogate) is refused in any field, whatever the schema.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const issues: Array<{ path: PropertyKey[]; message: string }> = unstorableText(value);
    if (issues.length === 0) {
      const parsed = this.schema.safeParse(value);
      if (parsed.success) return parsed.data;
      issues.push(...parsed.error.issues);
    }
    throw new BadRequestException(issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)));
  }
}
