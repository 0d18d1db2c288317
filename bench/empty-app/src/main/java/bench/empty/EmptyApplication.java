package bench.empty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An empty Boot web application: the start-up reference that bench/startup.sh times beside Lookout. */
@SpringBootApplication
public class EmptyApplication {

	public static void main(String[] args) {
		SpringApplication.run(EmptyApplication.class, args);
	}

}
