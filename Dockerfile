# One image recipe for every app; docker-compose.yml (and CI) pass the project to build:
#   docker build --build-arg PROJECT=services/Catalog/Marketplace.Catalog -t marketplace/catalog .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN test -n "$PROJECT" && dotnet publish "$PROJECT.csproj" -c Release -o /app -p:TreatWarningsAsErrors=true \
 && ln -s "$(basename "$PROJECT").dll" /app/app.dll

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl serves the container health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --retries=12 CMD curl -fs http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "app.dll"]
