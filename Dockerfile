# One image per service: docker build --build-arg SERVICE=ingest-service -t pipeline/ingest-service .
# Build the jars first (mvn package -DskipTests); the Boot jar is split into layers so code changes stay small.
FROM eclipse-temurin:17-jre AS layers
ARG SERVICE
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --uid 10001 pipeline
COPY --from=layers /app/extracted/dependencies/ ./
COPY --from=layers /app/extracted/spring-boot-loader/ ./
COPY --from=layers /app/extracted/snapshot-dependencies/ ./
COPY --from=layers /app/extracted/application/ ./
USER pipeline
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
