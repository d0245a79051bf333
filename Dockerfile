# podinit as a FROM scratch image. The build stage runs the same scripts as the README's
# commands (scripts/setup.sh, then scripts/build.sh for the static binary).
FROM debian:bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/setup.sh \
 && PODINIT_STATIC_ONLY=1 bash scripts/build.sh \
 && install -m 0755 build-static/entrypoint/podinit /podinit

FROM scratch
COPY --from=build /podinit /podinit
ENTRYPOINT ["/podinit"]
CMD ["--help"]
