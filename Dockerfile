# The pgdrill worker and CLI. Build the jars first: ./mvnw -q package -DskipTests
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/pgdrill
COPY bin/ bin/
COPY worker/target/pgdrill-worker.jar worker/target/
COPY worker/target/lib/ worker/target/lib/
COPY starter/target/pgdrill-starter.jar starter/target/
COPY starter/target/lib/ starter/target/lib/
ENV PATH=/opt/pgdrill/bin:$PATH
ENTRYPOINT ["pgdrill-worker"]
