package dev.lookout;

import dev.lookout.lifecycle.EarlyPortContext;
import dev.lookout.lifecycle.EarlyPortOpener;

import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Lookout: live SQL dashboards that stay up when the database does not. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LookoutApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LookoutApplication.class);
		application.addListeners(new EarlyPortOpener());
		application.setApplicationContextFactory(ApplicationContextFactory.of(EarlyPortContext::new));
		application.run(args);
	}

}
