package dev.lookout.variables;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the variables' settings; the module has no other bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VariableSettings.class)
class VariablesConfiguration {

}
