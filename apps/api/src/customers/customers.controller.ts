import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import {
  CreateCustomerBody,
  CustomerIdParam,
  CustomerPage,
  CustomerQuery,
  CustomerView,
  ListCustomersQuery,
  UpdateCustomerBody,
} from './customers.schemas';
import { CustomersService } from './customers.service';

@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListCustomersQuery)) query: ListCustomersQuery) {
    return this.customers.list((await this.tenants.target(principal, query.tenant)).id, query);
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(CustomerIdParam)) id: string,
    @Query(new ZodValidationPipe(CustomerQuery)) query: { tenant?: string },
  ): Promise<CustomerView> {
    return this.customers.get((await this.tenants.target(principal, query.tenant)).id, id);
  }

  @Post()
  @Idempotent()
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(CreateCustomerBody)) body: CreateCustomerBody): Promise<CustomerView> {
    const { tenant, ...customer } = body;
    return this.customers.create((await this.tenants.target(principal, tenant)).id, customer);
  }

  @Patch(':id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(CustomerIdParam)) id: string,
    @Query(new ZodValidationPipe(CustomerQuery)) query: { tenant?: string },
    @Body(new ZodValidationPipe(UpdateCustomerBody)) change: UpdateCustomerBody,
  ): Promise<CustomerView> {
    return this.customers.update((await this.tenants.target(principal, query.tenant)).id, id, change);
  }
}

const tag = 'customers';
documentRoute({ method: 'get', path: '/v1/customers', tag, summary: 'Customers, newest first, by phone or name', query: ListCustomersQuery, response: CustomerPage });
documentRoute({ method: 'get', path: '/v1/customers/:id', tag, summary: 'One customer', params: { id: CustomerIdParam }, query: CustomerQuery, response: CustomerView });
documentRoute({ method: 'post', path: '/v1/customers', tag, summary: 'Add a customer', body: CreateCustomerBody, response: CustomerView, idempotent: true });
documentRoute({
  method: 'patch',
  path: '/v1/customers/:id',
  tag,
  summary: "Change a customer's name, phone or email",
  params: { id: CustomerIdParam },
  query: CustomerQuery,
  body: UpdateCustomerBody,
  response: CustomerView,
});
