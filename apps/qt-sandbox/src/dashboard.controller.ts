import { Controller, Get, Header } from '@nestjs/common';
import { DASHBOARD_HTML } from './dashboard.page';

/** Serves the page at `/`. */
@Controller()
export class DashboardController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DASHBOARD_HTML;
  }
}
