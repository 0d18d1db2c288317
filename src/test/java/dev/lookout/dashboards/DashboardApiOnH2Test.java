package dev.lookout.dashboards;

/** The dashboards API on the embedded H2 database (PostgreSQL mode) of development and tests. */
class DashboardApiOnH2Test extends DashboardApiTests {

}
