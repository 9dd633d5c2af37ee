"""The two platforms (公众服务平台 and 行政监管平台) and the 凡办必查 API, on the published warehouse
(docs/architecture.md "The two platforms"). `create_app` is in credit/platforms/app.py."""
