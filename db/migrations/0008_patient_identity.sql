ALTER TABLE "patients" ADD COLUMN "hospital_number" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "address_line_1" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "address_line_2" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "town" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "gp_practice_code" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "gp_practice_name" text;--> statement-breakpoint
CREATE INDEX "patients_date_of_birth_idx" ON "patients" USING btree ("date_of_birth");--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_hospital_number_unique" UNIQUE("hospital_number");