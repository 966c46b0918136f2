import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { Principal } from './principal';

/** Whether a principal may see a row of this tenant: a tenant key its own tenant's, an admin key any. */
export function canAccessTenant(principal: Principal, tenantId: string): boolean {
  return principal.role === 'admin' || principal.tenantId === tenantId;
}

/** 403 unless the request was made with an admin key. */
export function requireAdmin(principal: Principal, what: string): void {
  if (principal.role !== 'admin') throw new ForbiddenException(`${what} needs an admin key`);
}

/**
 * Which tenant a request acts on, when it may name one (`tenant`: a slug).
 * A tenant key acts on its own tenant: naming another is a 403, whether that
 * tenant exists or not. An admin key must name the tenant.
 */
@Injectable()
export class TenantAccess {
  constructor(private readonly db: PrismaService) {}

  async target(principal: Principal, slug: string | undefined): Promise<{ id: string; slug: string }> {
    if (principal.role === 'tenant') {
      if (slug !== undefined && slug !== principal.tenantSlug) {
        throw new ForbiddenException(`This key belongs to tenant ${principal.tenantSlug}; it cannot act on ${slug}`);
      }
      return { id: principal.tenantId, slug: principal.tenantSlug };
    }
    if (slug === undefined) throw new BadRequestException(['tenant: required with an admin key']);
    return this.bySlug(slug);
  }

  /**
   * The tenant a list or report covers: a tenant key's own (naming another
   * is a 403), for an admin key the one it names, or every tenant (undefined).
   */
  async scope(principal: Principal, slug: string | undefined): Promise<string | undefined> {
    if (principal.role === 'admin' && slug === undefined) return undefined;
    return (await this.target(principal, slug)).id;
  }

  private async bySlug(slug: string): Promise<{ id: string; slug: string }> {
    const tenant = await this.db.tenant.findUnique({ where: { slug }, select: { id: true, slug: true } });
    if (!tenant) throw new NotFoundException(`No tenant ${slug}`);
    return tenant;
  }
}
