from ninja import NinjaAPI

api = NinjaAPI(title="Vigil API", version="1")
