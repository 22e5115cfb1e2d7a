package com.opportunityengine.platform.input;

import java.util.List;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Spring MVC reads every JSON request body with {@link RequestJson}'s mapper (and writes with the same copy). */
public class RequestJsonConfig implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                json.setObjectMapper(RequestJson.forRequests(json.getObjectMapper()));
            }
        }
    }
}
