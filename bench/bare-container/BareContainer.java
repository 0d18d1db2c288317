// The reference for the container itself (bench/panel-result-read.sh): one servlet on the same
// embedded Tomcat 11 as Lookout, compiled by the script against the jars inside Lookout's packaged
// jar (BOOT-INF/lib) and run with the same JVM flags, answering every GET with the same bytes and
// the headers a cached result carries. Not part of the product: it never enters its class path.
// Usage: java -cp <tomcat-embed-core, jakarta.annotation-api, this> BareContainer PORT THREADS FILE

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

public class BareContainer {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int threads = Integer.parseInt(args[1]);
		byte[] body = Files.readAllBytes(Path.of(args[2]));
		String etag = "\"bare-1\"";

		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("bare-container").toString());
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(port);
		connector.setProperty("address", "127.0.0.1");
		// Lookout's settings (application.yaml): HTTP_MAX_THREADS, 4 spare, accept queue, connections.
		connector.setProperty("maxThreads", Integer.toString(threads));
		connector.setProperty("minSpareThreads", "4");
		connector.setProperty("acceptCount", "100");
		connector.setProperty("maxConnections", "11000");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "bytes", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setHeader("ETag", etag);
				response.setHeader("Cache-Control", "no-cache");
				response.setContentType("application/json");
				response.setContentLength(body.length);
				response.getOutputStream().write(body);
			}
		});
		context.addServletMappingDecoded("/", "bytes");
		tomcat.start();
		tomcat.getServer().await();
	}

}
