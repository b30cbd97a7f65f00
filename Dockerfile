# sdgkg serving a built graph: `docker build -t sdgkg .` then `docker run -p 7878:7878 sdgkg`.
# The graph is built from the bundled records while the image is made, so the container starts
# with a ready store; mount another build at /srv/dist to serve that instead.
FROM python:3.11-slim

# A Japanese font for the figures and report of `sdgkg analyze` (optional for serving alone).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md LICENSE CITATION.cff ./
COPY graph_build ./graph_build
RUN pip install --no-cache-dir . && rm -rf /src

WORKDIR /srv
RUN sdgkg build --out /srv/dist

EXPOSE 7878
# Inside the container the server listens on every interface so the published port reaches it;
# publish it on the host's loopback only (`-p 127.0.0.1:7878:7878`) unless it is meant to be public.
CMD ["sdgkg", "serve", "--out", "/srv/dist", "--host", "0.0.0.0", "--port", "7878"]
