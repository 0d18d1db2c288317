package dev.lookout.audit;

/** The audit log's API and page on the embedded H2 database (PostgreSQL mode) of development and tests. */
class AuditApiOnH2Test extends AuditApiFiltersAndPagesTests {

}
