"""The Scrapy layer: settings, spiders, downloader middlewares, pipelines and extensions."""
