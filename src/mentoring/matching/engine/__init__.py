"""The matching engine: plain Python with numpy and OR-Tools, no Django.

``types`` holds the contract between scoring (``scoring``), the solver
(``solver``), explanations (``explain``) and the Django side.
"""
