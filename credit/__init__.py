"""The Commerce Credit Data Centre (商务信用数据中心): the product. Its layers and what each package
owns are in docs/architecture.md "Layers and packages"."""
