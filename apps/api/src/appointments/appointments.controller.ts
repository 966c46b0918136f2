import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { AppointmentIdParam, AppointmentPage, AppointmentQuery, AppointmentView, ListAppointmentsQuery } from './appointments.schemas';
import { AppointmentsService } from './appointments.service';

@Controller('v1/appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListAppointmentsQuery)) query: ListAppointmentsQuery) {
    return this.appointments.list((await this.tenants.target(principal, query.tenant)).id, query);
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(AppointmentIdParam)) id: string,
    @Query(new ZodValidationPipe(AppointmentQuery)) query: { tenant?: string },
  ): Promise<AppointmentView> {
    return this.appointments.get((await this.tenants.target(principal, query.tenant)).id, id);
  }
}

const tag = 'appointments';
documentRoute({
  method: 'get',
  path: '/v1/appointments',
  tag,
  summary: 'Appointments, soonest first, by time range, status or phone',
  query: ListAppointmentsQuery,
  response: AppointmentPage,
});
documentRoute({ method: 'get', path: '/v1/appointments/:id', tag, summary: 'One appointment', params: { id: AppointmentIdParam }, query: AppointmentQuery, response: AppointmentView });
