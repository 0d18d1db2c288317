package dev.lookout.dashboards;

/** The Bean Validation group of the rules that hold only when a dashboard is created (its slug is chosen then). */
interface Creating {

}
