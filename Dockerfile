# The pgdrill worker and CLI, built from source in a first stage; the runtime image is a JRE, the PostgreSQL
# client programs of the servers' major version (pg_dump must not be older than the server), and a non-root user.
#   docker build -t pgdrill .            (docker compose builds it for the worker service)
ARG PG_MAJOR=15

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp package -DskipTests

FROM eclipse-temurin:17-jre
ARG PG_MAJOR
# PostgreSQL's own apt repository: the distribution's client may be older than the servers pgdrill backs up.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gnupg lsb-release \
    && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc | gpg --dearmor -o /usr/share/keyrings/pgdg.gpg \
    && echo "deb [signed-by=/usr/share/keyrings/pgdg.gpg] http://apt.postgresql.org/pub/repos/apt $(lsb_release -cs)-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && apt-get purge -y curl gnupg lsb-release && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 pgdrill \
    && useradd --system --uid 10001 --gid pgdrill --home-dir /var/lib/pgdrill --create-home pgdrill \
    && mkdir -p /var/lib/pgdrill/backups /var/lib/pgdrill/work && chown -R pgdrill:pgdrill /var/lib/pgdrill
WORKDIR /opt/pgdrill
COPY --from=build /src/bin/ bin/
COPY --from=build /src/worker/target/pgdrill-worker.jar worker/target/
COPY --from=build /src/worker/target/lib/ worker/target/lib/
COPY --from=build /src/starter/target/pgdrill-starter.jar starter/target/
COPY --from=build /src/starter/target/lib/ starter/target/lib/
ENV PATH=/opt/pgdrill/bin:/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH
USER pgdrill
HEALTHCHECK --interval=30s --timeout=10s --retries=3 CMD pgdrill doctor --json > /dev/null || exit 1
ENTRYPOINT ["pgdrill-worker"]
