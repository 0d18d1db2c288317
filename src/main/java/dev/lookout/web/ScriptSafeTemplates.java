package dev.lookout.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.serializer.IStandardJavaScriptSerializer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Thymeleaf's JavaScript inlining ({@code /*[[${...}]]*}{@code /}) write
 * {@link ScriptSafeJson}. Thymeleaf's own serializer leaves {@code <!--} unescaped and, when it
 * finds Jackson 2 on the classpath, cannot write java.time values; this is the one place
 * server data becomes script.
 */
@Configuration(proxyBeanMethods = false)
class ScriptSafeTemplates {

	@Bean
	static BeanPostProcessor scriptSafeJavaScriptInlining() {
		IStandardJavaScriptSerializer serializer = (value, writer) -> {
			try {
				writer.write(ScriptSafeJson.write(value));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof SpringTemplateEngine engine) {
					engine.getDialects()
						.stream()
						.filter(StandardDialect.class::isInstance)
						.map(StandardDialect.class::cast)
						.forEach((dialect) -> dialect.setJavaScriptSerializer(serializer));
				}
				return bean;
			}
		};
	}

}
